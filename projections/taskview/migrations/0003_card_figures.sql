-- A card's figures kept on its row, so that the board is one scan of the
-- list's rows (cronica bench tasks): subtasks_total and subtasks_done
-- count the subtasks that are not archived (done: in a done column);
-- blocked is true while a task it is blocked by is neither done nor
-- archived. The projector recomputes them for the rows an event touches:
-- the task's parent, the tasks it blocks, a list's tasks when its columns
-- change.
ALTER TABLE task_tasks
    ADD COLUMN subtasks_total integer NOT NULL DEFAULT 0,
    ADD COLUMN subtasks_done  integer NOT NULL DEFAULT 0,
    ADD COLUMN blocked        boolean NOT NULL DEFAULT false;

UPDATE task_tasks p SET
    subtasks_total = (SELECT count(*) FROM task_tasks c WHERE c.parent_id = p.task_id AND c.parent_id <> '' AND NOT c.archived),
    subtasks_done = (SELECT count(*) FROM task_tasks c WHERE c.parent_id = p.task_id AND c.parent_id <> '' AND NOT c.archived AND c.done),
    blocked = EXISTS (SELECT 1 FROM task_dependencies d JOIN task_tasks x ON x.task_id = d.blocked_by
        WHERE d.task_id = p.task_id AND NOT x.done AND NOT x.archived);
