// Timers, which browsers, React Native and Node all have; the rest of the DOM's types stay out of chat-core.
declare function setTimeout(handler: () => void, timeoutMs?: number): number;
declare function clearTimeout(id: number | undefined): void;
// Base64 of binary strings: browsers, Hermes (React Native 0.74 and later) and Node have both.
declare function atob(data: string): string;
declare function btoa(data: string): string;
