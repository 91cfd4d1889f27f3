// A chart legend in words, with small drawn keys (hidden from screen readers: the words carry
// the meaning). Used beside the measurement charts instead of a colour-only legend.
export type LegendKey = 'line' | 'solid' | 'dashed' | 'band' | 'dot' | 'ring' | 'big-dot' | 'diamond' | 'star' | 'times' | 'interval';

export interface LegendItem {
  key: LegendKey;
  colour: string;
  text: string;
}

function Swatch({ k, colour }: { k: LegendKey; colour: string }) {
  const common = { width: 36, height: 18, viewBox: '0 0 36 18', 'aria-hidden': 'true' as const, focusable: 'false' as const };
  switch (k) {
    case 'line':
      return (
        <svg {...common}>
          <line x1="2" y1="9" x2="34" y2="9" stroke={colour} stroke-width="3" />
          <circle cx="18" cy="9" r="4" fill={colour} />
        </svg>
      );
    case 'solid':
      return (
        <svg {...common}>
          <line x1="2" y1="9" x2="34" y2="9" stroke={colour} stroke-width="2.5" />
        </svg>
      );
    case 'dashed':
      return (
        <svg {...common}>
          <line x1="2" y1="9" x2="34" y2="9" stroke={colour} stroke-width="2" stroke-dasharray="7,5" />
        </svg>
      );
    case 'band':
      return (
        <svg {...common}>
          <rect x="2" y="2" width="32" height="14" fill={colour} fill-opacity="0.55" />
        </svg>
      );
    case 'dot':
      return (
        <svg {...common}>
          <circle cx="18" cy="9" r="4" fill={colour} fill-opacity="0.75" />
        </svg>
      );
    case 'ring':
      return (
        <svg {...common}>
          <circle cx="18" cy="9" r="4.5" fill="white" stroke={colour} stroke-width="2" />
        </svg>
      );
    case 'big-dot':
      return (
        <svg {...common}>
          <circle cx="18" cy="9" r="7" fill={colour} stroke="#0b0c0c" stroke-width="2" />
        </svg>
      );
    case 'diamond':
      return (
        <svg {...common}>
          <path d="M18 2 L25 9 L18 16 L11 9 Z" fill={colour} />
        </svg>
      );
    case 'star':
      return (
        <svg {...common}>
          <path d="M18 1 L20.4 6.6 L26.5 7.1 L21.9 11.1 L23.3 17 L18 13.9 L12.7 17 L14.1 11.1 L9.5 7.1 L15.6 6.6 Z" fill={colour} />
        </svg>
      );
    case 'times':
      return (
        <svg {...common}>
          <path d="M12 3 L24 15 M24 3 L12 15" stroke={colour} stroke-width="2.5" />
        </svg>
      );
    case 'interval':
      return (
        <svg {...common}>
          <path d="M13 2 H23 M18 2 V16 M13 16 H23" stroke={colour} stroke-width="1.5" fill="none" />
          <circle cx="18" cy="9" r="4" fill="#1d70b8" />
        </svg>
      );
  }
}

export function MeasureLegend({ items, title = 'Key', headingLevel = 3 }: { items: LegendItem[]; title?: string; headingLevel?: 3 | 4 }) {
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  return (
    <div class="pvf-legend pvf-measure-legend">
      <Heading class="govuk-heading-s pvf-legend__title">{title}</Heading>
      <ul class="pvf-legend__list">
        {items.map((i) => (
          <li class="pvf-legend__item" key={i.text}>
            <Swatch k={i.key} colour={i.colour} />
            {i.text}
          </li>
        ))}
      </ul>
    </div>
  );
}
