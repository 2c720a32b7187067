export * from './cursor';
export * from './errors';
export * from './events';
export * from './limits';
export * from './model';
export * from './requests';
export * from './routes';
export * from './websocket';
