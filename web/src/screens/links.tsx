// The paths the server's mails and texts link to (notify/render.go):
// /orgs/<org>/people/<person>/timesheets/<month> and /orgs/<org>/reports/<id>
// open the app's own screens for them. The app works in the signed-in
// account's organisation (there is no switching), so a link of another
// organisation says so instead of showing this one's data under it.
import { useEffect } from "react";
import { useApp } from "../app_context";
import { useI18n } from "../i18n";
import { Link, useNavigate } from "../router";
import { Notice, PageTitle } from "../ui";

/** OrgLink replaces a mail's path with the app's path to, when org is the caller's organisation. */
export function OrgLink({ org, to }: { org: string; to: string }) {
  const { t } = useI18n();
  const { orgId, me } = useApp();
  const navigate = useNavigate();
  const ours = org === orgId;
  useEffect(() => {
    if (ours) navigate(to, true);
  }, [ours, to, navigate]);
  if (ours) return null;
  return (
    <section>
      <PageTitle>{t("link.otherOrgTitle")}</PageTitle>
      <Notice>{t("link.otherOrg", { org: me.organization.legal_name })}</Notice>
      <p>
        <Link to="/notifications">{t("notify.all")}</Link>
      </p>
    </section>
  );
}
