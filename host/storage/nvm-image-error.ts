/** An NVM image the lock could not be holding (docs/STORAGE.md): what is wrong, and where. */
export class NvmImageError extends Error {
  override readonly name = 'NvmImageError';
}
