// The editor's desk: shows the state the server publishes (GET /state, then server-sent events on
// /events), the page images, an SVG overlay of the grid and the plan's boxes, and the panels beside.
// Every text from the edition is set with textContent, never as HTML.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const $ = (id) => document.getElementById(id);
let current = null;
let selected = localStorage.getItem("desk.selected") || null;
// inside `layout lsp --desk` the page carries a token and the editor links are the desk's own /open?… :
// a click posts them, and the editor that runs the server opens the file there (window/showDocument)
const openToken = document.querySelector('meta[name="desk-open"]')?.getAttribute("content") || "";

function el(tag, attrs = {}, text = null) {
  const node = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== null) node.textContent = text;
  return node;
}

function where(d) {
  if (!d || !d.file) return "";
  const file = d.file.split("/").slice(-2).join("/");
  return d.line ? `${file}:${d.line}${d.col ? ":" + d.col : ""}` : file;
}

function linkTo(url, text) {
  const a = el("a", url ? { href: url } : {}, text);
  if (!url) a.removeAttribute("href");
  return a;
}

function setStatus(state) {
  const s = $("status");
  s.className = "status " + state.status;
  if (state.status === "rendering") s.textContent = "rendering…";
  else if (state.status === "error") s.textContent = `not rendered (${state.errors.length} error${state.errors.length > 1 ? "s" : ""}) at ${state.rendered_at}`;
  else if (state.first) s.textContent = `rendered ${state.pages.length} page${state.pages.length > 1 ? "s" : ""} in ${state.seconds} s at ${state.rendered_at}`;
  else {
    const changed = state.changed.length ? `pages changed: ${state.changed.join(", ")}` : "no page changed";
    s.textContent = `rendered in ${state.seconds} s at ${state.rendered_at}; ${changed}`;
  }
  s.title = state.notice || "";  // what the watcher last said about the edition's folder (a link followed …)
  document.body.dataset.version = state.version;
  document.body.dataset.status = state.status;
}

function fillList(list, items, show, none) {
  list.replaceChildren();
  if (!items.length) { list.append(el("li", { class: "none" }, none)); return; }
  for (const item of items) {
    const li = el("li");
    show(li, item);
    if (item.box_id) li.addEventListener("click", () => select(item.box_id, true));
    list.append(li);
  }
}

function showDiag(li, d) {
  li.append(document.createTextNode(`${d.level}: ${d.message} `));
  if (d.file) li.append(linkTo(d.link, where(d)));
  if (d.hint) li.append(el("span", { class: "hint" }, "hint: " + d.hint));
}

function panels(state) {
  $("errors").hidden = !state.errors.length;
  fillList($("error-list"), state.errors, showDiag, "");
  fillList($("overset"), state.overset || [], (li, o) => {
    li.append(document.createTextNode(
      `story '${o.story}': ${o.chars} characters (${o.lines} lines) left after box '${o.box}' on page ${o.page}, stopped at “${o.stopped_at}…” `));
    if (o.where) li.append(linkTo(o.link, where(o.where)));
  }, "nothing overset");
  fillList($("warnings"), state.warnings || [], showDiag, "no warnings");
  const body = $("copyfit").tBodies[0];
  body.replaceChildren();
  for (const s of state.stories || []) {
    s.boxes.forEach((b, i) => {
      const tr = el("tr", s.fits ? {} : { class: "over" });
      for (const [text, cls] of [[i ? "" : s.story + (s.source ? ` (${s.source})` : ""), ""], [b.box, ""],
        [b.page, "num"], [`${b.used}/${b.capacity}`, "num"], [(b.spare_lines >= 0 ? "+" : "") + b.spare_lines, "num"]]) {
        tr.append(el("td", cls ? { class: cls } : {}, String(text)));
      }
      body.append(tr);
    });
  }
}

function overlaySvg(page, grid) {
  const [w, h] = page.size_pt;
  const b = page.bleed_pt;
  const svg = el("svg:svg", { viewBox: `0 0 ${w} ${h}`, preserveAspectRatio: "none" });
  const g = el("svg:g", { class: "grid" });
  const step = (grid.chars + grid.gutter) * grid.char_pt;
  for (let c = 0; c < grid.columns; c++) {
    g.append(el("svg:rect", { class: "col", x: b + grid.left_pt + c * step, y: b + grid.top_pt,
      width: grid.chars * grid.char_pt, height: grid.lines * grid.line_pt }));
  }
  for (let l = 0; l <= grid.lines; l += 10) {
    const y = b + grid.top_pt + l * grid.line_pt;
    g.append(el("svg:line", { class: "gridline", x1: b + grid.left_pt, x2: b + grid.left_pt + grid.columns * step - grid.gutter * grid.char_pt, y1: y, y2: y }));
  }
  svg.append(g);
  for (const box of page.boxes) {
    const r = box.rect_pt;
    const rect = el("svg:rect", { class: ["box", ...box.marks, box.id === selected ? "selected" : ""].join(" ").trim(),
      x: b + r.x, y: b + r.y, width: r.width, height: Math.max(r.height, 2), "data-box": box.id });
    rect.append(el("svg:title", {}, `${box.name} — ${where(box.where)}`));
    // a click selects the box and names the paragraph under it; a click on a text line of the selected box
    // opens the article at that paragraph (the editor link of `page.paragraphs`)
    rect.addEventListener("click", (evt) => {
      const para = paragraphAt(page, svg, evt);
      if (para && para.link && selected === box.id) { follow(para.link); return; }
      select(box.id, false);
      showParagraph(para);
    });
    svg.append(rect, el("svg:text", { class: "label", x: b + r.x + 3, y: b + r.y + 12 }, box.name));
    if (box.marks.includes("overset")) {
      svg.append(el("svg:text", { class: "flag", x: b + r.x + r.width - 80, y: b + r.y + r.height + 13 }, "OVERSET ▲"));
    }
  }
  return svg;
}

function paragraphAt(page, svg, evt) {
  const ctm = svg.getScreenCTM && svg.getScreenCTM();
  if (!ctm) return null;
  const pt = new DOMPoint(evt.clientX, evt.clientY).matrixTransform(ctm.inverse());
  const b = page.bleed_pt;
  return (page.paragraphs || []).find((q) => pt.x >= b + q.x && pt.x <= b + q.x + q.width
    && pt.y >= b + q.y && pt.y <= b + q.y + q.height) || null;
}

function showParagraph(para) {
  const a = $("box-para");
  if (!a) return;
  a.hidden = !para;
  if (!para) return;
  a.textContent = `${para.story}: line ${para.line} of its article` + (para.link ? "  (open in the editor; or click the line again)" : "");
  if (para.link) a.setAttribute("href", para.link); else a.removeAttribute("href");
}

function follow(url) {
  if (url.startsWith("/open?")) openInEditor(url); else window.location.href = url;
}

function openInEditor(link) {
  const said = (text) => { $("opened").textContent = text; };
  fetch("/open", { method: "POST", headers: { "Content-Type": "application/json", "X-Desk-Token": openToken },
    body: JSON.stringify({ link }) })
    .then((r) => r.json()).then((answer) => said(answer.message))
    .catch(() => said("the desk did not answer: is `layout lsp --desk` still running?"));
}

function pages(state) {
  const holder = $("pages");
  holder.classList.toggle("stale", !!state.stale);
  const zoom = Number($("zoom").value) / 100;
  const keep = new Set();
  for (const page of state.pages) {
    const id = `page-${page.page}`;
    keep.add(id);
    let fig = $(id);
    if (!fig) {
      fig = el("figure", { id });
      fig.append(el("figcaption"), el("div", { class: "sheet" }));
      fig.querySelector(".sheet").append(el("img", { alt: `page ${page.page}` }));
      holder.append(fig);
    }
    fig.querySelector("figcaption").textContent = `page ${page.page}${page.section ? " · " + page.section : ""}`;
    const sheet = fig.querySelector(".sheet");
    sheet.style.width = `${Math.round(page.size_pt[0] * zoom)}px`;
    sheet.classList.toggle("changed", state.changed.includes(page.page));
    const img = sheet.querySelector("img");
    if (page.image && img.getAttribute("src") !== page.image) img.setAttribute("src", page.image);
    sheet.querySelector("svg")?.remove();
    sheet.append(overlaySvg(page, state.grid));
  }
  for (const fig of [...holder.children]) if (!keep.has(fig.id)) fig.remove();
}

function findBox(id) {
  for (const page of (current && current.pages) || []) for (const box of page.boxes) if (box.id === id) return box;
  return null;
}

function select(id, scroll) {
  selected = id;
  localStorage.setItem("desk.selected", id || "");
  for (const r of document.querySelectorAll("svg .box")) r.classList.toggle("selected", r.dataset.box === id);
  const box = findBox(id);
  $("box").hidden = !box;
  if (!box) return;
  $("box-name").textContent = box.name;
  const facts = $("box-facts");
  facts.replaceChildren();
  const grid = box.grid ? `col ${box.grid.col}, span ${box.grid.span}, line ${box.grid.line}, lines ${box.grid.lines}` : "—";
  const r = box.rect_pt;
  const rows = [["kind", box.kind], ["story", box.story || box.image || "—"], ["page", box.page], ["grid", grid],
    ["pt", `${r.x.toFixed(1)}, ${r.y.toFixed(1)}  ${r.width.toFixed(1)} × ${r.height.toFixed(1)}`]];
  if (box.fit) rows.push(["fit", `${box.fit.used} of ${box.fit.capacity} text lines, ${box.fit.spare_lines >= 0 ? "+" : ""}${box.fit.spare_lines}`]);
  if (box.marks.length) rows.push(["marks", box.marks.join(", ")]);
  for (const [k, v] of rows) facts.append(el("dt", {}, k), el("dd", {}, String(v)));
  const a = $("box-where");
  a.textContent = where(box.where) + (box.link ? "  (open in the editor)" : "");
  if (box.link) a.setAttribute("href", box.link); else a.removeAttribute("href");
  $("box-plan").textContent = box.plan;
  if (scroll) document.querySelector(`[data-box="${id}"]`)?.scrollIntoView({ block: "center", behavior: "smooth" });
}

function apply(state) {
  // every state carries the last good pages, overset and warnings; an error state marks them stale
  current = state;
  setStatus(state);
  panels(state);
  pages(state);
  if (state.edition) $("title").textContent = `${state.edition.style} ${state.edition.date} · ${state.edition.folder.split("/").pop()}`;
  if (selected) select(selected, false);
}

function overlay(on) {
  document.body.classList.toggle("overlay", on);
  $("overlay").checked = on;
  localStorage.setItem("desk.overlay", on ? "1" : "");
}

function start() {
  document.addEventListener("click", (e) => {  // every editor link of the page, when the editor runs the desk
    const a = e.target.closest && e.target.closest('a[href^="/open?"]');
    if (a) { e.preventDefault(); openInEditor(a.getAttribute("href")); }
  });
  overlay(localStorage.getItem("desk.overlay") === "1" || location.hash === "#boxes");
  $("overlay").addEventListener("change", (e) => overlay(e.target.checked));
  $("zoom").addEventListener("input", () => current && pages(current));
  document.addEventListener("keydown", (e) => { if (e.key === "b" && !e.ctrlKey && !e.metaKey) overlay(!$("overlay").checked); });
  fetch("/state").then((r) => r.json()).then(apply);
  const events = new EventSource("/events");
  events.addEventListener("state", (e) => apply(JSON.parse(e.data)));
  events.addEventListener("error", () => { $("status").textContent = "disconnected: is `layout serve` still running?"; $("status").className = "status error"; });
}

document.addEventListener("DOMContentLoaded", start);
