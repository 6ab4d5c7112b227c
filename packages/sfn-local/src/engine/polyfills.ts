// aws-local-stepfunctions 3 targets Node 22: every Task state calls Promise.withResolvers. On
// Node 20 that is a TypeError inside the state, so every Task would fail with a bogus error.
// Imported first by engine/aws-local-stepfunctions.ts; a no-op where the runtime already has it.
if (typeof (Promise as { withResolvers?: unknown }).withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

export {};
