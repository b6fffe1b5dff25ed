"use client";

import { useEffect, useRef, useState } from "react";
import { type ExportPreview, exportQueryObject } from "@/lib/schemas/dataset";
import type { FieldError } from "@/lib/schemas/result";
import { previewExportAction } from "../actions";

type Project = {
  id: string;
  name: string;
  labels: { id: string; name: string; group: { name: string } }[];
  articles: { id: string; title: string }[];
};
type Reviewer = { id: string; name: string; email: string };

/** The fields the preview takes (the rest are file options). */
const FILTER_FIELDS = ["format", "projectId", "labelIds", "reviewerIds", "articleIds", "status", "from", "to", "layer"];

function filtersOf(form: HTMLFormElement): Record<string, string | string[]> {
  const params = new URLSearchParams();
  for (const [k, v] of new FormData(form)) if (FILTER_FIELDS.includes(k) && typeof v === "string") params.append(k, v);
  return exportQueryObject(params);
}

type State =
  | { kind: "idle" }
  | { kind: "checking" }
  | { kind: "ok"; preview: ExportPreview }
  | { kind: "error"; error: string; fields: FieldError[] };

const n = (x: number) => x.toLocaleString("en");

function summary(p: ExportPreview): string {
  const parts = [
    `${n(p.spans)} reviewer span${p.spans === 1 ? "" : "s"}`,
    `${n(p.gold)} gold span${p.gold === 1 ? "" : "s"}`,
  ];
  const what = `${parts.join(" and ")} in ${n(p.articles)} article${p.articles === 1 ? "" : "s"}`;
  return p.rows === null
    ? `This export covers ${what}.`
    : `This export will have ${n(p.rows)} row${p.rows === 1 ? "" : "s"} (${what}).`;
}

/**
 * A GET form to /api/export (the browser downloads the stream), checked first: every change asks the
 * server what the filters select (shown as a count), and Download goes ahead only when that check passes,
 * so a bad filter is marked on its field instead of ending on an error page.
 */
export function ExportForm({ projects, reviewers }: { projects: Project[]; reviewers: Reviewer[] }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [projectId, setProjectId] = useState(projects[0]?.id ?? "");
  const [state, setState] = useState<State>({ kind: "idle" });
  const seq = useRef(0);
  const shown = projectId ? projects.filter((p) => p.id === projectId) : projects;

  const check = async (): Promise<boolean> => {
    const form = formRef.current;
    if (!form) return false;
    const mine = ++seq.current;
    setState({ kind: "checking" });
    let res: Awaited<ReturnType<typeof previewExportAction>>;
    try {
      res = await previewExportAction(filtersOf(form));
    } catch {
      res = { ok: false, code: "UNAVAILABLE", error: "Could not reach the server to check the filters.", fields: [] };
    }
    if (mine !== seq.current) return false;
    setState(res.ok ? { kind: "ok", preview: res.data } : { kind: "error", error: res.error, fields: res.fields });
    return res.ok;
  };

  const timer = useRef<number | undefined>(undefined);
  const recheck = () => {
    // The count shown is always the current filters': it clears at once, then the server answers.
    seq.current++;
    setState({ kind: "checking" });
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void check(), 250);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: one check on load, then on every change
  useEffect(() => {
    void check();
    return () => window.clearTimeout(timer.current);
  }, []);

  const fieldErrors = state.kind === "error" ? state.fields : [];
  const errorOf = (field: string) => fieldErrors.find((f) => f.field === field)?.message;
  const general = state.kind === "error" && fieldErrors.length === 0 ? state.error : null;
  const err = (field: string) => {
    const message = errorOf(field);
    return message ? (
      <span className="error" id={`export-error-${field}`} data-testid={`export-error-${field}`}>
        {message}
      </span>
    ) : null;
  };
  const invalid = (field: string) =>
    errorOf(field) ? { "aria-invalid": true, "aria-describedby": `export-error-${field}` } : {};

  return (
    <form
      ref={formRef}
      method="get"
      action="/api/export"
      className="stack"
      data-testid="export-form"
      style={{ maxWidth: 560 }}
      onChange={recheck}
      onSubmit={async (e) => {
        e.preventDefault();
        const form = e.currentTarget;
        window.clearTimeout(timer.current);
        if (await check()) form.submit();
      }}
    >
      <label className="field">
        Format
        <select name="format" defaultValue="spans-csv">
          <option value="spans-csv">Spans CSV (one row per span per reviewer)</option>
          <option value="gold-csv">Gold spans CSV (adjudicated layer, with provenance)</option>
          <option value="articles-csv">Articles CSV (status and span counts per reviewer)</option>
          <option value="bio">BIO tokens (CoNLL or CSV)</option>
          <option value="jsonl">JSONL (lossless, re-importable)</option>
          <option value="soft-labels-csv">Soft labels CSV (per-token label shares across reviewers)</option>
          <option value="soft-labels-jsonl">Soft labels JSONL (per-token label counts and shares)</option>
        </select>
      </label>
      <label className="field">
        Project
        <select
          name="projectId"
          value={projectId}
          onChange={(e) => setProjectId(e.target.value)}
          {...invalid("projectId")}
        >
          <option value="">All projects</option>
          {projects.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        {err("projectId")}
      </label>
      <label className="field">
        Labels <span className="muted">(none selected: all)</span>
        <select name="labelIds" multiple size={8} {...invalid("labelIds")}>
          {shown.map((p) => (
            <optgroup key={p.id} label={p.name}>
              {p.labels.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.group.name} / {l.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        {err("labelIds")}
      </label>
      <label className="field">
        Articles <span className="muted">(none selected: all)</span>
        <select name="articleIds" multiple size={8} data-testid="export-articles" {...invalid("articleIds")}>
          {shown.map((p) => (
            <optgroup key={p.id} label={p.name}>
              {p.articles.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.title}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        {err("articleIds")}
      </label>
      <label className="field">
        Reviewers <span className="muted">(none selected: all)</span>
        <select
          name="reviewerIds"
          multiple
          size={Math.min(8, Math.max(2, reviewers.length))}
          data-testid="export-reviewers"
          {...invalid("reviewerIds")}
        >
          {reviewers.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name} ({r.email})
            </option>
          ))}
        </select>
        {err("reviewerIds")}
      </label>
      <label className="field">
        Status of the reviewer on the article
        <select name="status" defaultValue="">
          <option value="">Any</option>
          <option value="done">Done</option>
          <option value="in_progress">In progress</option>
          <option value="not_started">Not started</option>
        </select>
      </label>
      <div style={{ display: "flex", gap: "1rem" }}>
        <label className="field">
          Created from
          <input name="from" type="date" {...invalid("from")} />
          {err("from")}
        </label>
        <label className="field">
          to (inclusive)
          <input name="to" type="date" {...invalid("to")} />
          {err("to")}
        </label>
      </div>
      <label className="field">
        Layer (spans CSV and BIO)
        <select name="layer" defaultValue="annotation">
          <option value="annotation">Reviewers&apos; annotations</option>
          <option value="gold">Gold (adjudicated)</option>
          <option value="both">Both</option>
        </select>
      </label>
      <label className="field">
        BIO layout
        <select name="bioFormat" defaultValue="conll">
          <option value="conll">CoNLL (token TAB tags)</option>
          <option value="csv">CSV (one row per token)</option>
        </select>
      </label>
      <label>
        <input type="checkbox" name="pseudonymise" value="1" /> Pseudonymise reviewers (R1, R2, … in account creation
        order; names dropped)
      </label>
      {/* Excel-safe by default: reviewer-written cells reach spreadsheets; raw stays one click away. */}
      <fieldset className="field" data-testid="csv-cells">
        <legend>CSV cells</legend>
        <label>
          <input type="radio" name="excel" value="1" defaultChecked /> Excel-safe (cells starting with = + - @, also
          after blanks or in full width, get a leading &apos;)
        </label>
        <label>
          <input type="radio" name="excel" value="0" /> Raw: exact, for code
        </label>
      </fieldset>
      <label>
        <input type="checkbox" name="bom" value="1" /> UTF-8 byte order mark (for Excel)
      </label>
      <p role="status" aria-live="polite" data-testid="export-count" className="muted">
        {state.kind === "ok" ? summary(state.preview) : state.kind === "checking" ? "Counting…" : ""}
      </p>
      {general && (
        <p role="alert" className="error" data-testid="export-error">
          {general}
        </p>
      )}
      {fieldErrors.length > 0 && (
        <p role="alert" className="error" data-testid="export-error">
          Fix the marked {fieldErrors.length === 1 ? "field" : "fields"} to download.
        </p>
      )}
      <p>
        <button className="primary" type="submit">
          Download
        </button>
      </p>
    </form>
  );
}
