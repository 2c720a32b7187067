import { useDispatch, useSelector } from 'react-redux';
import type { Services } from '../../../chat-core/services';
import { createStoreWith } from '../../../chat-core/store';
import { navigationSlice } from './navigation-slice';

/** The web client's store: the shared reducers of `chat-core` and its own navigation. */
export function createAppStore(services: Services) {
  return createStoreWith(services, { navigation: navigationSlice.reducer });
}

export type AppStore = ReturnType<typeof createAppStore>;
export type RootState = ReturnType<AppStore['getState']>;
export type AppDispatch = AppStore['dispatch'];

export const useAppDispatch = useDispatch.withTypes<AppDispatch>();
export const useAppSelector = useSelector.withTypes<RootState>();
