// uvu's assert.throws calls a function argument as a predicate (a class would be called, not
// instanceof-checked), so error classes are checked through this.
export const isError = (Class, pattern) => (error) => error instanceof Class && (!pattern || pattern.test(error.message));
