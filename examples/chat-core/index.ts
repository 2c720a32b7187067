/**
 * The chat's store, shared by the web client and the mobile client: slices, thunks, selectors and the glue
 * that feeds the realtime connection into the store. Nothing here imports the DOM or React Native; a client
 * adds its screens, navigation, storage and sign-in.
 */
export * from './applications-slice';
export * from './chat-session';
export * from './chat-slice';
export * from './events';
export * from './groups-slice';
export * from './realtime-glue';
export * from './services';
export * from './session-slice';
export * from './store';
export * from './message-layout';
export * from './people-slice';
export * from './read-markers';
export * from './message-changes';
export * from './mentions';
export * from './reactors-slice';
export * from './words';
export * from './member-menu';
