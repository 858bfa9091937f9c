/** Epoch ms with performance.now()'s resolution, comparable between worker threads (each has its own timeOrigin). */
export const epochNow = (): number => performance.timeOrigin + performance.now();
