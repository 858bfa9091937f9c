export * from './country.js';
export * from './currency.js';
export * from './dates.js';
export * from './ids.js';
export * from './money.js';
export * from './text.js';
export * from './time-bounds.js';
