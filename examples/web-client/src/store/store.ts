import { combineReducers, configureStore } from '@reduxjs/toolkit';
import { useDispatch, useSelector } from 'react-redux';
import type { Services } from '../services';
import { applicationsSlice } from './applications-slice';
import { chatSlice } from './chat-slice';
import { groupsSlice } from './groups-slice';
import { navigationSlice } from './navigation-slice';
import { sessionSlice } from './session-slice';

const rootReducer = combineReducers({
  session: sessionSlice.reducer,
  groups: groupsSlice.reducer,
  applications: applicationsSlice.reducer,
  chat: chatSlice.reducer,
  navigation: navigationSlice.reducer,
});

export type RootState = ReturnType<typeof rootReducer>;

/** The app's store; thunks reach the API and the realtime connection through `services`. */
export function createAppStore(services: Services, preloadedState?: Partial<RootState>) {
  return configureStore({
    reducer: rootReducer,
    preloadedState,
    middleware: (getDefault) => getDefault({ thunk: { extraArgument: services } }),
  });
}

export type AppStore = ReturnType<typeof createAppStore>;
export type AppDispatch = AppStore['dispatch'];

export const useAppDispatch = useDispatch.withTypes<AppDispatch>();
export const useAppSelector = useSelector.withTypes<RootState>();
