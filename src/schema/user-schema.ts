// Being built: see the gateway issue. Imported by index.ts so the domain registers itself.
export {};
