// Tasks: the task lists of the organisation the caller may read (each
// project's, then the caller's own personal lists), a form to create one,
// and /tasks/task/:task, which opens a task (a notification's or a link's)
// on its list's board. The board, the list view and the drawer are in
// tasks_board.tsx, tasks_list.tsx and tasks_drawer.tsx.
import { useEffect } from "react";
import { useApp, useCommand, useDraft } from "../app_context";
import { useProjects } from "../data";
import { useI18n } from "../i18n";
import { Link, useNavigate } from "../router";
import { useTask, useTaskLists, type TaskList } from "../tasks_data";
import { ErrorMessage, Field, Form, Loaded, Notice, PageTitle, SelectField } from "../ui";
import "../tasks.css";

export function TaskListsScreen() {
  const { t } = useI18n();
  const app = useApp();
  const q = useTaskLists();
  const { list: projects } = useProjects();
  const acronym = (id: string) => projects.find((p) => p.project_id === id)?.acronym ?? id.slice(0, 8);
  return (
    <section>
      <PageTitle sub={<Link to="/tasks/find">{t("tasks.find.link")}</Link>}>{t("tasks.title")}</PageTitle>
      <Loaded q={q}>
        {(page) => {
          const own = page.items.filter((l) => !l.project_id);
          const byProject = new Map<string, TaskList[]>();
          page.items
            .filter((l) => l.project_id)
            .forEach((l) => byProject.set(l.project_id!, [...(byProject.get(l.project_id!) ?? []), l]));
          const projectIds = [...byProject.keys()].sort((a, b) => acronym(a).localeCompare(acronym(b)));
          return page.items.length === 0 ? (
            <Notice>{t("tasks.lists.none")}</Notice>
          ) : (
            <div className="task-lists">
              {projectIds.map((p) => (
                <section key={p} className="card" aria-labelledby={`lists-${p}`}>
                  <h2 id={`lists-${p}`}>
                    <Link to={`/projects/${p}`}>{acronym(p)}</Link>
                  </h2>
                  <ListLinks lists={byProject.get(p)!} />
                </section>
              ))}
              {own.length > 0 && (
                <section className="card" aria-labelledby="lists-own">
                  <h2 id="lists-own">{t("tasks.lists.own")}</h2>
                  <ListLinks lists={own.filter((l) => l.owner_account_id === app.me.account.account_id)} />
                </section>
              )}
            </div>
          );
        }}
      </Loaded>
      <NewList />
    </section>
  );
}

function ListLinks({ lists }: { lists: TaskList[] }) {
  const { t } = useI18n();
  return (
    <ul className="plain">
      {[...lists]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((l) => (
          <li key={l.list_id}>
            <Link to={`/tasks/lists/${l.list_id}`}>{l.name}</Link>{" "}
            <span className="muted">· {l.columns.map((c) => c.name).join(" → ")}</span>{" "}
            <Link to={`/tasks/lists/${l.list_id}?view=list`} aria-label={t("tasks.lists.listOf", { name: l.name })}>
              {t("tasks.view.list")}
            </Link>
          </li>
        ))}
    </ul>
  );
}

function NewList() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { list: projects } = useProjects();
  const d = useDraft("tasklist.new", { name: "", project_id: "" });
  const cmd = useCommand({ fields: ["name", "project_id"] });
  return (
    <section className="card" aria-labelledby="new-list">
      <h2 id="new-list">{t("tasks.lists.new")}</h2>
      <Form
        label={t("tasks.lists.new")}
        className="inline"
        error={cmd.formError}
        onSubmit={async () => {
          const body: Record<string, string> = { name: d.values.name };
          if (d.values.project_id) body.project_id = d.values.project_id;
          const r = await cmd.run("POST", "/task-lists", body);
          if (r) {
            d.reset();
            navigate(`/tasks/lists/${r.id}`);
          }
        }}
      >
        <Field label={t("tasks.listName")} value={d.values.name} onChange={(x) => d.set("name", x)} error={cmd.fieldError("name")} />
        <SelectField
          label={t("field.project")}
          value={d.values.project_id}
          onChange={(x) => d.set("project_id", x)}
          empty={t("tasks.lists.personal")}
          options={projects.map((p) => ({ value: p.project_id, label: p.acronym }))}
          error={cmd.fieldError("project_id")}
        />
        <button type="submit" className="primary" disabled={cmd.pending || !d.values.name.trim()}>
          {t("tasks.lists.create")}
        </button>
      </Form>
      <p className="hint">{t("tasks.lists.columnsHint")}</p>
    </section>
  );
}

/** TaskOpenScreen is /tasks/task/:task: it finds the task's list and opens the task there. */
export function TaskOpenScreen({ task }: { task: string }) {
  const navigate = useNavigate();
  const q = useTask(task);
  useEffect(() => {
    if (q.data) navigate(`/tasks/lists/${q.data.list_id}?task=${encodeURIComponent(task)}`, true);
  }, [q.data, navigate, task]);
  return q.isError ? <ErrorMessage error={q.error} /> : <Loaded q={q}>{() => null}</Loaded>;
}
