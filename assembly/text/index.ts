// The text kernel's public surface: the tokenizer, its flags and its record size.
export { tokenize, TOKEN_STEM, TOKEN_STOP, TOKEN_RECORD_BYTES } from './tokenizer';
