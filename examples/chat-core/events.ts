import { createAction } from '@reduxjs/toolkit';
import type { ConnectionState, PushedEvent } from 'pulumi-groupchat/client';

/**
 * An event the realtime connection handed over (once, group events in `seq` order). `me` is the signed-in
 * user's id, so reducers can tell "my application was rejected" from "someone applied to my group".
 */
export const eventReceived = createAction<{ event: PushedEvent; me: string }>('realtime/eventReceived');

/** The realtime connection's state changed. */
export const connectionChanged = createAction<ConnectionState>('realtime/connectionChanged');

/** The realtime connection reported a problem (it retries by itself). */
export const connectionProblem = createAction<string>('realtime/connectionProblem');
