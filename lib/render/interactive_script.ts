/**
 * The report's one inline script (nothing is loaded from the network): dragging a 3D surface
 * turns it (re-projecting and re-sorting its quads with the very function that drew them,
 * {@linkcode projectSurface}, embedded as source), and hovering a grid, a line or a surface
 * shows the values of the nearest point in a small box.
 * @module
 */
import { projectSurface } from "./surface_projection.ts";

const BODY = String.raw`
const tip = document.createElement("div");
tip.style.cssText = "position:fixed;pointer-events:none;background:#fff;border:1px solid #888;" +
  "padding:3px 7px;font:12px/1.35 system-ui,sans-serif;display:none;z-index:10;white-space:nowrap";
document.body.appendChild(tip);
const fmt = (v) => v === null || v === undefined || !Number.isFinite(v) ? "not finite"
  : (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5) || v === 0 ? String(+v.toPrecision(4)) : v.toExponential(3);
const show = (event, lines) => {
  tip.replaceChildren(...lines.map((line) => {
    const div = document.createElement("div");
    div.textContent = line;
    return div;
  }));
  tip.style.display = "block";
  tip.style.left = (event.clientX + 14) + "px";
  tip.style.top = (event.clientY + 14) + "px";
};
const hide = () => { tip.style.display = "none"; };
const local = (svg, event) => {
  const box = svg.getBoundingClientRect();
  const w = Number(svg.getAttribute("width")) || box.width, h = Number(svg.getAttribute("height")) || box.height;
  return [(event.clientX - box.left) * w / box.width, (event.clientY - box.top) * h / box.height];
};
const invert = (scale, pixel) => scale.domain[0] +
  (pixel - scale.range[0]) * (scale.domain[1] - scale.domain[0]) / (scale.range[1] - scale.range[0]);
const nearest = (values, v) => {
  let best = 0;
  for (let k = 1; k < values.length; k++) if (Math.abs(values[k] - v) < Math.abs(values[best] - v)) best = k;
  return best;
};
for (const element of document.querySelectorAll("[data-losscape-hover]")) {
  const data = JSON.parse(element.getAttribute("data-losscape-hover"));
  const svgs = element.tagName.toLowerCase() === "svg" ? [element] : [...element.querySelectorAll("svg")];
  const svg = svgs.find((s) => Number(s.getAttribute("width")) === data.width &&
    Number(s.getAttribute("height")) === data.height);
  if (!svg) continue;
  svg.addEventListener("pointermove", (event) => {
    const [px, py] = local(svg, event);
    const x = invert(data.x, px);
    const lo = Math.min(...data.x.domain), hi = Math.max(...data.x.domain);
    if (x < lo || x > hi) return hide();
    const i = nearest(data.xs, x);
    if (data.kind === "line") {
      const lines = [data.xlabel + ": " + fmt(data.xs[i])];
      for (const [name, values] of Object.entries(data.series)) lines.push(name + " = " + fmt(values[i]));
      return show(event, lines);
    }
    const y = invert(data.y, py);
    if (y < Math.min(...data.y.domain) || y > Math.max(...data.y.domain)) return hide();
    const j = nearest(data.ys, y);
    const k = j * data.xs.length + i;
    const lines = ["x = " + fmt(data.xs[i]) + ", y = " + fmt(data.ys[j])];
    for (const [name, values] of Object.entries(data.series)) lines.push(name + " = " + fmt(values[k]));
    show(event, lines);
  });
  svg.addEventListener("pointerleave", hide);
}
for (const figure of document.querySelectorAll("[data-losscape-surface]")) {
  const data = JSON.parse(figure.getAttribute("data-losscape-surface"));
  data.values = data.values.map((v) => v === null ? NaN : v);
  const svg = [...figure.querySelectorAll("svg")].find((s) => s.querySelector(".losscape-quads"));
  if (!svg) continue;
  const quads = [...svg.querySelectorAll(".losscape-quads path")];
  const edges = [...svg.querySelectorAll(".losscape-axes path")];
  const labels = [...svg.querySelectorAll(".losscape-axis-labels text")];
  const view = { azimuth: data.azimuth, elevation: data.elevation };
  let surface = projectSurface({ ...data, ...view });
  let pending = false;
  const draw = () => {
    pending = false;
    surface = projectSurface({ ...data, ...view });
    surface.quads.forEach((quad, k) => {
      const path = quads[k];
      if (!path) return;
      path.setAttribute("d", "M" + quad.corners.map((c) => c[0].toFixed(2) + "," + c[1].toFixed(2)).join("L") + "Z");
      path.setAttribute("fill", quad.fill);
      path.setAttribute("stroke", quad.fill);
    });
    surface.axes.forEach((edge, k) => {
      edges[k]?.setAttribute("d", "M" + edge.x1 + "," + edge.y1 + "L" + edge.x2 + "," + edge.y2);
      const label = labels[k];
      if (!label) return;
      const x = (edge.x1 + edge.x2) / 2 + (edge.label === "z" ? -10 : 0);
      const y = (edge.y1 + edge.y2) / 2 + (edge.label === "z" ? 0 : 12);
      label.removeAttribute("x");
      label.removeAttribute("y");
      label.setAttribute("transform", "translate(" + x + "," + y + ")");
    });
  };
  let drag = null;
  svg.style.cursor = "grab";
  svg.style.touchAction = "none";
  svg.addEventListener("pointerdown", (event) => {
    drag = { x: event.clientX, y: event.clientY, azimuth: view.azimuth, elevation: view.elevation };
    try {
      svg.setPointerCapture(event.pointerId);
    } catch (_) { /* a synthetic event has no pointer to capture */ }
    hide();
  });
  svg.addEventListener("pointerup", () => { drag = null; });
  svg.addEventListener("pointerleave", hide);
  svg.addEventListener("pointermove", (event) => {
    if (drag) {
      view.azimuth = drag.azimuth - (event.clientX - drag.x) * 0.5;
      view.elevation = Math.max(0, Math.min(90, drag.elevation + (event.clientY - drag.y) * 0.4));
      if (!pending) { pending = true; requestAnimationFrame(draw); }
      return;
    }
    const [px, py] = local(svg, event);
    let best = null, distance = 12;
    for (const point of surface.points) {
      const d = Math.hypot(point.sx - px, point.sy - py);
      if (d < distance) { distance = d; best = point; }
    }
    if (!best) return hide();
    const k = best.j * data.xs.length + best.i;
    const lines = ["x = " + fmt(data.xs[best.i]) + ", y = " + fmt(data.ys[best.j]), data.metric + " = " + fmt(data.values[k])];
    if (data.accuracy) lines.push(data.metric.replace(/_loss$/, "_acc") + " = " + fmt(data.accuracy[k]));
    show(event, lines);
  });
}
`;

/**
 * The report's inline `<script>` for turning surfaces and hover readouts.
 *
 * @returns A `<script>` element's markup; it does nothing on a page without such figures.
 * @example
 * ```ts
 * import { interactiveScript } from "./interactive_script.ts";
 * console.log(interactiveScript().startsWith("<script>")); // true
 * ```
 */
export function interactiveScript(): string {
  // The function's own source, as the runtime compiled it: no types, no imports.
  const projection = projectSurface.toString();
  return `<script>\n(() => {\nconst projectSurface = ${projection};\n${BODY}\n})();\n</script>`;
}
