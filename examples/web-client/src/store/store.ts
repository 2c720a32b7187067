import { configureStore } from '@reduxjs/toolkit';
import { useDispatch, useSelector } from 'react-redux';
import type { Services } from '../../../chat-core/services';
import { coreReducers } from '../../../chat-core/store';
import { navigationSlice } from './navigation-slice';

/** The web client's store: the shared reducers of `chat-core` and its own navigation. */
export function createAppStore(services: Services) {
  return configureStore({
    reducer: { ...coreReducers, navigation: navigationSlice.reducer },
    middleware: (getDefault) => getDefault({ thunk: { extraArgument: services } }),
  });
}

export type AppStore = ReturnType<typeof createAppStore>;
export type RootState = ReturnType<AppStore['getState']>;
export type AppDispatch = AppStore['dispatch'];

export const useAppDispatch = useDispatch.withTypes<AppDispatch>();
export const useAppSelector = useSelector.withTypes<RootState>();
