/** Escapes text for an SVG text node or attribute. */
export const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A standalone SVG document: white background, a bold title at `titleX`, then `parts` one per line. */
export function svgDocument(width: number, height: number, titleX: number, title: string, parts: readonly string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">
<rect width="100%" height="100%" fill="#fff"/>
<text x="${titleX}" y="22" font-size="15" font-weight="bold">${escapeXml(title)}</text>
${parts.join('\n')}
</svg>
`;
}
