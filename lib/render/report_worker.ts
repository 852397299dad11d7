/**
 * The Worker behind `startReportDrawer` (./report_drawer.ts): its own Observable Plot and
 * linkedom, drawing the report's figure sections as their data arrives and building the report
 * from them. Messages, handled in order: `{ draw, options }` (a section of `drawReportSection`),
 * `{ landscapes }` (the options of `landscapeSections`), then `{ build }` (the report's other
 * options), answered with `{ html }` or `{ error }`.
 * @module
 */
/// <reference lib="deno.worker" />
import { buildReport, type DrawnSection, type DrawnSections, drawReportSection } from "./report.ts";
import type { ReportOptions } from "./report.ts";
import { landscapeSections, type LandscapeSectionsOptions } from "./landscape_sections.ts";

type Request =
  | { draw: DrawnSection; options: ReportOptions }
  | { landscapes: LandscapeSectionsOptions }
  | { build: ReportOptions };

const drawn: DrawnSections = {};
let sections: string[] = [];
// The first failure, reported when the report is asked for.
let failure: string | undefined;

self.onmessage = (event: MessageEvent<Request>) => {
  const request = event.data;
  try {
    if ("draw" in request) {
      const html = drawReportSection(request.draw, request.options);
      if (html !== undefined) drawn[request.draw] = html;
    } else if ("landscapes" in request) {
      sections = landscapeSections(request.landscapes);
    } else if (failure !== undefined) {
      self.postMessage({ error: failure });
    } else {
      self.postMessage({ html: buildReport({ ...request.build, drawn, sections }) });
    }
  } catch (error) {
    failure ??= (error as Error).message;
    if ("build" in request) self.postMessage({ error: failure });
  }
};
