/** Pure checks on paths typed by the user (the core validates again). */
export function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');
}

/** Why a typed local folder is not acceptable, or null. */
export function localPathError(path: string): string | null {
  const trimmed = path.trim();
  if (!trimmed) return 'Choose or type the folder on this computer.';
  if (!isAbsolutePath(trimmed)) return 'Type the full path, for example /home/you/OneDrive or C:\\Users\\you\\OneDrive.';
  if (trimmed.length > 4096) return 'This path is too long.';
  return null;
}
