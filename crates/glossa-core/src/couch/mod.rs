//! Team projects on a CouchDB server: the databases and who may use them
//! ([`project`]), revisions and revision trees ([`revs`]), and the
//! replication protocol ([`replicate`]). Pure: the shells bring HTTP.

pub mod project;
pub mod replicate;
pub mod revs;
