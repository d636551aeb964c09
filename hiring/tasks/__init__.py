"""Background jobs: packets, the mail outbox, reminders and the retention purge.

- ``jobs``: the job functions, each calling the code the command line uses.
- ``enqueue``: ``enqueue_packet``, which the web and ``hiring packet --background`` call in
  the transaction that stores the packet job.
- ``queue``: the procrastinate App on PostgreSQL: tasks, the periodic schedule, the
  stalled-job retry, and the options of ``hiring worker`` (``hiring/cli_worker.py``).
- ``mode``: ``uses_queue``, whether jobs go to the queue or run in this process.
- ``schema``: procrastinate's tables, created by an Alembic revision, kept out of
  autogenerate.

On SQLite the same job functions run in the web process (``TASK_QUEUE`` "auto"), so
``make run`` needs no other service; the periodic jobs are then cron's (``hiring remind``,
``hiring mail send``, ``hiring privacy purge``).
"""
