export { RulesNotReadyError } from './rules-error.js';
