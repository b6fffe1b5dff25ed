import type { Metadata } from "next";
import { pageStaff } from "@/lib/server/page-guards";
import { getExportFormOptions } from "@/lib/server/dataset/export-form-options";

export const metadata: Metadata = { title: "Export · Admin" };

export const dynamic = "force-dynamic";

/**
 * A plain GET form (no client code): /api/export moves `format` into the path and the browser downloads
 * the stream. Multi-selects send repeated labelIds / reviewerIds, which the route accepts.
 */
export default async function ExportPage() {
  const actor = await pageStaff();
  const { projects, reviewers } = await getExportFormOptions(actor);
  return (
    <section>
      <h1>Export the labelled dataset</h1>
      <p className="muted">
        Offsets are code points of the stored text (NFC, \n line ends): in Python, <code>text[start:end] == quote</code>
        . See docs/dataset.md for columns and formats.
      </p>
      <form method="get" action="/api/export" className="stack" data-testid="export-form" style={{ maxWidth: 560 }}>
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
          <select name="projectId" defaultValue={projects[0]?.id ?? ""}>
            <option value="">All projects</option>
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Labels <span className="muted">(none selected: all)</span>
          <select name="labelIds" multiple size={8}>
            {projects.map((p) => (
              <optgroup key={p.id} label={p.name}>
                {p.labels.map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.group.name} / {l.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <label className="field">
          Reviewers <span className="muted">(none selected: all)</span>
          <select name="reviewerIds" multiple size={Math.min(8, Math.max(2, reviewers.length))}>
            {reviewers.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name} ({r.email})
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Article ids <span className="muted">(comma-separated; empty: all)</span>
          <input name="articleIds" type="text" autoComplete="off" />
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
            <input name="from" type="date" />
          </label>
          <label className="field">
            to (inclusive)
            <input name="to" type="date" />
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
        <p>
          <button className="primary" type="submit">
            Download
          </button>
        </p>
      </form>
    </section>
  );
}
