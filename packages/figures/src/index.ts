/**
 * The pictures of `ntm show` and `ntm plot`, as pure functions from data to a figure, and from
 * a figure to SVG text (the CLI rasterises that SVG for PNGs): kept apart from the commands so
 * the docs app can draw the same pictures. Browser-safe: no Node module.
 */
export { formatTick, linearTicks, logTicks } from './axis-ticks.js';
export { colourOf, hexColour } from './colour-maps.js';
export { curveFigure } from './curve-figure.js';
export type { CurvePanel, CurvePicture, CurveSeries } from './curve-figure.js';
export { episodeFigure } from './episode-figure.js';
export type { EpisodeMark, EpisodePicture, EpisodeScatter } from './episode-figure.js';
export { episodeCellSizes, episodePanels, episodeSteps, memoryPanel } from './episode-panels.js';
export type { EpisodeCellSizes, EpisodePanel, EpisodePanelOptions, EpisodeRow, EpisodeSource } from './episode-panels.js';
export { channelCaptions } from './channel-captions.js';
export type { ChannelCaptions } from './channel-captions.js';
export { taskAnnotations } from './task-annotations.js';
export type { TaskAnnotations } from './task-annotations.js';
export { COLOURS, textWidth, tint } from './figure.js';
export type { Colour, ColourMapName, Figure, FigureItem, HeatMapItem, PolygonItem, PolylineItem, RectangleItem, TextItem } from './figure.js';
export { learningCurveFigure } from './learning-curve.js';
export { sweepCurvesFigure } from './sweep-curves.js';
export type { BandedCurve } from './sweep-curves.js';
export type { CurvePoint } from './learning-curve.js';
export { escapeXml, figureToSvg } from './svg.js';
