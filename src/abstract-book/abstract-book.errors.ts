import { defineErrors } from '../common/errors/error-catalog.js';

/** The abstract book's error codes (it owns no table). */
export const ABSTRACT_BOOK_ERRORS = defineErrors({
  module: 'abstract-book',
  codes: {
    ABSTRACTS_NOT_RELEASED: { status: 409, description: "The edition's abstracts are not public yet: the abstract book is published from their release (organisers may build a draft)." },
  },
  constraints: {},
  generic: [],
});
