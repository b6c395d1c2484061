/**
 * The navigation's icons: inline SVG (the strict CSP allows no icon font or remote image), decorative, drawn in the
 * text colour so they follow the theme and the current item's weight.
 */
const common = {
  width: 16,
  height: 16,
  viewBox: '0 0 16 16',
  'aria-hidden': true,
  focusable: false,
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 1.3,
  strokeLinecap: 'round',
  strokeLinejoin: 'round',
} as const;

export function SyncsIcon() {
  return (
    <svg {...common}>
      <path d="M13 6.5A5 5 0 0 0 4 4.3L2.5 5.8M3 9.5a5 5 0 0 0 9 2.2l1.5-1.5" />
      <path d="M2.5 2.5v3.3h3.3M13.5 13.5v-3.3h-3.3" />
    </svg>
  );
}

export function AccountsIcon() {
  return (
    <svg {...common}>
      <circle cx="8" cy="5.5" r="2.8" />
      <path d="M2.5 14a5.5 5.5 0 0 1 11 0" />
    </svg>
  );
}

export function ActivityIcon() {
  return (
    <svg {...common}>
      <path d="M1.5 8.5h3l2-5 3 9 2-4h3" />
    </svg>
  );
}

export function SettingsIcon() {
  return (
    <svg {...common}>
      <circle cx="8" cy="8" r="2.2" />
      <path d="M8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4" />
    </svg>
  );
}
