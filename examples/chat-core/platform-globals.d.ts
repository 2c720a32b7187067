// Timers, which browsers, React Native and Node all have; the rest of the DOM's types stay out of chat-core.
declare function setTimeout(handler: () => void, timeoutMs?: number): number;
declare function clearTimeout(id: number | undefined): void;
