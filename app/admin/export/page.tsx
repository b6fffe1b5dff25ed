import type { Metadata } from "next";
import { pageStaff } from "@/lib/server/page-guards";
import { getExportFormOptions } from "@/lib/server/dataset/export-form-options";
import { ExportForm } from "./_components/export-form";

export const metadata: Metadata = { title: "Export · Admin" };

export const dynamic = "force-dynamic";

/**
 * A GET form: /api/export moves `format` into the path and the browser downloads the stream. Multi-selects
 * send repeated labelIds / articleIds / reviewerIds, which the route accepts. The form checks the filters
 * with the server first (export-form.tsx).
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
      <ExportForm projects={projects} reviewers={reviewers} />
    </section>
  );
}
