// The app's own user, made by the db container on its first start (an empty data volume;
// a volume that already holds data keeps its users). It lives in the admin database (the
// URL's authSource=admin) and may read and write the app's database only (readWrite): it
// cannot administer the server or see other databases. The root user is for
// administration; only the db container has its password.
const fs = require('fs');
db.getSiblingDB('admin').createUser({
  user: process.env.{{ user_var }},
  pwd: fs.readFileSync('{{ app_password_file }}', 'utf8').trimEnd(),
  roles: [{ role: 'readWrite', db: process.env.MONGO_INITDB_DATABASE }],
});
