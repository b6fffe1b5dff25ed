import type { Metadata } from "next";
import { CompareView } from "@/components/compare/compare-view";
import { compareFilters } from "@/components/compare/load";
import { getCompareData } from "@/lib/server/adjudication/get-compare-data";
import { pageError, pageStaff } from "@/lib/server/page-guards";
import {
  acceptCandidateAction,
  acceptMajorityAction,
  deleteGoldSpanAction,
  drawGoldSpanAction,
  editGoldSpanAction,
  rejectCandidateAction,
  setAdjudicatedAction,
  setCompareSettingsAction,
} from "./actions";

export const metadata: Metadata = { title: "Compare and adjudicate" };

export const dynamic = "force-dynamic";

const actions = {
  acceptCandidate: acceptCandidateAction,
  rejectCandidate: rejectCandidateAction,
  acceptMajority: acceptMajorityAction,
  drawGold: drawGoldSpanAction,
  editGold: editGoldSpanAction,
  deleteGold: deleteGoldSpanAction,
  setAdjudicated: setAdjudicatedAction,
  setCompareSettings: setCompareSettingsAction,
};

export default async function AdminComparePage({
  params,
  searchParams,
}: {
  params: Promise<{ articleId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await pageStaff();
  const { articleId } = await params;
  const filters = compareFilters(await searchParams);
  const data = await getCompareData(actor, articleId, filters).catch(pageError);
  const path = `/admin/articles/${data.article.id}/compare`;
  return (
    <article>
      <p className="muted">
        <a href={`/admin/projects/${data.project.id}`}>← {data.project.name}</a> ·{" "}
        <a href={`/articles/${data.article.id}`}>annotate</a>
      </p>
      <h1 data-testid="compare-title">Compare: {data.article.title}</h1>
      <CompareView data={data} filters={filters} path={path} actions={actions} />
    </article>
  );
}
