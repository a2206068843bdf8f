export const testAsset = true; // test-only hashed asset
