import { createSlice } from '@reduxjs/toolkit';
import type { ConnectionState, User } from 'pulumi-groupchat/client';
import { messageOf } from './services';
import { createAppThunk } from './app-thunk';
import { connectionChanged, connectionProblem } from './events';

/** The signed-in user and the realtime connection's health. */
export interface SessionState {
  user: User | null;
  connection: ConnectionState;
  /** The last connection problem, cleared once the connection is open again. */
  connectionProblem: string | null;
  error: string | null;
}

const initialState: SessionState = { user: null, connection: 'connecting', connectionProblem: null, error: null };

/** Reads the caller's profile (the API creates it from the token on the first call). */
export const loadMe = createAppThunk('session/loadMe', async (_: void, { extra, rejectWithValue }) => {
  try {
    return await extra.api.getMe();
  } catch (error) {
    return rejectWithValue(messageOf(error));
  }
});

export const sessionSlice = createSlice({
  name: 'session',
  initialState,
  reducers: {},
  extraReducers: (builder) => {
    builder
      .addCase(loadMe.fulfilled, (state, action) => {
        state.user = action.payload;
        state.error = null;
      })
      .addCase(loadMe.rejected, (state, action) => {
        state.error = action.payload ?? 'Could not read your profile.';
      })
      .addCase(connectionChanged, (state, action) => {
        state.connection = action.payload;
        if (action.payload === 'open') state.connectionProblem = null;
      })
      .addCase(connectionProblem, (state, action) => {
        state.connectionProblem = action.payload;
      });
  },
});
