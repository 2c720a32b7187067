import { createAsyncThunk } from '@reduxjs/toolkit';
import type { Services } from './services';
import type { ChatDispatch, CoreState } from './store';

/** `createAsyncThunk` with the app's state, dispatch, services and string rejections. */
export const createAppThunk = createAsyncThunk.withTypes<{
  state: CoreState;
  dispatch: ChatDispatch;
  extra: Services;
  rejectValue: string;
}>();
