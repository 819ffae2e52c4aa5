import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The font the figures are set in: DejaVu Sans (open, with every glyph the labels use, from the
 * `dejavu-fonts-ttf` package). The SVG names it first and falls back to the viewer's sans-serif;
 * the PNG embeds it, so a picture looks the same on every machine.
 */
export const FIGURE_FONT_FAMILY = 'DejaVu Sans';

/** The font files: regular and bold (for titles). */
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'] as const;

/**
 * The PNG file signature, the first 8 bytes of every PNG.
 * @example bytes.subarray(0, 8) // equals PNG_SIGNATURE for a PNG
 */
export const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

let fontFiles: string[] | null = null;

/**
 * Where the figure font's files are: beside the `ntm` bundle (its build copies them there), or in
 * the `dejavu-fonts-ttf` package when running from source.
 *
 * @example figureFontFiles() // ['/…/dist/DejaVuSans.ttf', '/…/dist/DejaVuSans-Bold.ttf']
 */
export function figureFontFiles(): string[] {
  if (fontFiles) return fontFiles;
  const here = dirname(fileURLToPath(import.meta.url));
  const bundled = FONT_FILES.map((file) => join(here, file));
  if (bundled.every((file) => existsSync(file))) {
    fontFiles = bundled;
  } else {
    const require = createRequire(import.meta.url);
    fontFiles = FONT_FILES.map((file) => require.resolve(`dejavu-fonts-ttf/ttf/${file}`));
  }
  return fontFiles;
}

/**
 * Rasterises an SVG document to PNG with resvg (a maintained SVG renderer; prebuilt binaries
 * from the npm registry), the text set in the figure font and no system fonts, so the
 * pixels do not depend on the machine.
 *
 * @example writeFileSync('episode.png', svgToPng(figureToSvg(figure)));
 */
export function svgToPng(svg: string): Uint8Array {
  // Loaded at the first picture, not at start-up: training never pays for the native addon.
  const { Resvg } = createRequire(import.meta.url)('@resvg/resvg-js') as typeof import('@resvg/resvg-js');
  const renderer = new Resvg(svg, {
    font: { fontFiles: figureFontFiles(), loadSystemFonts: false, defaultFontFamily: FIGURE_FONT_FAMILY },
    shapeRendering: 2,
    textRendering: 1,
  });
  return renderer.render().asPng();
}
