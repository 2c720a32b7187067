import { createAsyncThunk } from '@reduxjs/toolkit';
import type { Services } from '../services';
import type { AppDispatch, RootState } from './store';

/** `createAsyncThunk` with the app's state, dispatch, services and string rejections. */
export const createAppThunk = createAsyncThunk.withTypes<{
  state: RootState;
  dispatch: AppDispatch;
  extra: Services;
  rejectValue: string;
}>();
