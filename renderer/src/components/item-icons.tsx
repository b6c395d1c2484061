/** Small inline icons (no icon font or extra package); decorative, hidden from screen readers. */
export function FolderIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M1.5 3.5A1 1 0 0 1 2.5 2.5h3.6l1.6 1.6h5.8a1 1 0 0 1 1 1v7.4a1 1 0 0 1-1 1h-11a1 1 0 0 1-1-1z" fill="#E8A33D" />
    </svg>
  );
}

export function FileIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M3.5 1.5h6l3 3v10h-9z" fill="none" stroke="currentColor" strokeWidth="1" />
      <path d="M9.5 1.5v3h3" fill="none" stroke="currentColor" strokeWidth="1" />
    </svg>
  );
}
