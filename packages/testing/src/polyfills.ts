// aws-local-stepfunctions 3 targets Node 22 and calls Promise.withResolvers in every Task state.
// On Node 20 that is a TypeError inside the state, so every Task would fail: tests that run the
// engine directly import this module first. (@sizegate/local carries the same polyfill at runtime.)
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
