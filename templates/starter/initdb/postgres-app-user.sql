-- The app's own role, made by the db container on its first start (an empty data volume;
-- a volume that already holds a database keeps its roles). It can log in and owns the app's
-- database, so its migrations can create tables there (from PostgreSQL 15 only the owner of
-- a database may create in its public schema), but it is no superuser: it cannot read the
-- server's files, run programs on it or change other roles. The superuser postgres is for
-- administration; only the db container has its password.
\getenv app_user {{ user_var }}
\getenv app_db POSTGRES_DB
\set app_password `cat {{ app_password_file }}`
-- A .env the project already had may name the administrator itself as the app's user
-- (POSTGRES_USER=postgres): then that role only takes the app's password.
SELECT :'app_user' = current_user AS app_is_admin \gset
\if :app_is_admin
ALTER ROLE :"app_user" PASSWORD :'app_password';
\else
CREATE ROLE :"app_user" LOGIN PASSWORD :'app_password';
ALTER DATABASE :"app_db" OWNER TO :"app_user";
\endif
{% if extensions %}
-- Extensions the app's migrations use but do not create: made here, by the superuser, in
-- the app's database.
{% for name in extensions %}
CREATE EXTENSION IF NOT EXISTS "{{ name }}";
{% endfor %}
{% endif %}
