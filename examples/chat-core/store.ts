import { Reducer, configureStore } from '@reduxjs/toolkit';
import type { Services } from './services';
import { applicationsSlice } from './applications-slice';
import { chatSlice } from './chat-slice';
import { groupsSlice } from './groups-slice';
import { peopleSlice } from './people-slice';
import { reactorsSlice } from './reactors-slice';
import { sessionSlice } from './session-slice';

/** The reducers every client shares; a client's own store adds its own beside them (the web client its navigation). */
export const coreReducers = {
  session: sessionSlice.reducer,
  groups: groupsSlice.reducer,
  applications: applicationsSlice.reducer,
  chat: chatSlice.reducer,
  people: peopleSlice.reducer,
  reactors: reactorsSlice.reducer,
};

/** The state the shared thunks and selectors read. */
export type CoreState = { [K in keyof typeof coreReducers]: ReturnType<(typeof coreReducers)[K]> };

/**
 * A store of the shared reducers and a client's own (`own`, say its navigation); thunks reach the API and the
 * realtime connection through `services`.
 */
export function createStoreWith<R extends Record<string, Reducer>>(services: Services, own: R) {
  return configureStore({
    reducer: { ...coreReducers, ...own },
    middleware: (getDefault) => getDefault({ thunk: { extraArgument: services } }),
  });
}

/** A store of the shared reducers alone. */
export function createChatStore(services: Services) {
  return createStoreWith(services, {});
}

export type ChatStore = ReturnType<typeof createChatStore>;
export type ChatDispatch = ChatStore['dispatch'];

/** What the shared code needs of a client's store: the shared state, and a dispatch that runs the shared thunks. */
export interface ChatStoreLike {
  dispatch: ChatDispatch;
  getState(): CoreState;
}
