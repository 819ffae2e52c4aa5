import { writeFileSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import { CommandError, UsageError } from './errors.js';
import { makeDirectories } from './make-directories.js';
import { figureToSvg, type Figure } from '@ntm/figures';
import { svgToPng } from './render-png.js';

/**
 * The picture format an `--out` path asks for, by its extension.
 * @example pictureFormat('episode.png') // 'png'; 'episode.jpg' → UsageError
 */
export function pictureFormat(path: string): 'svg' | 'png' {
  const extension = extname(path).toLowerCase();
  if (extension === '.svg' || extension === '.png') return extension.slice(1) as 'svg' | 'png';
  throw new UsageError(`--out must end in .svg or .png, got "${path}"`);
}

/**
 * Writes a figure as SVG or PNG (the SVG rasterised by resvg), by the path's extension, creating
 * its folder if needed.
 * @example writePicture('runs/copy/episode.png', episodeFigure(picture));
 */
export function writePicture(path: string, figure: Figure): void {
  const format = pictureFormat(path);
  // One layout, one writer: the PNG is the SVG, rasterised.
  const svg = figureToSvg(figure);
  const bytes = format === 'svg' ? new TextEncoder().encode(svg) : svgToPng(svg);
  makeDirectories(dirname(path), 'folder');
  try {
    writeFileSync(path, bytes);
  } catch (error) {
    throw new CommandError(`cannot write ${path}: ${(error as Error).message}`);
  }
}
