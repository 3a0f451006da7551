//! Team projects on a CouchDB server: the databases and who may use them
//! ([`project`]), revisions and revision trees ([`revs`]), the replication
//! protocol ([`replicate`]), and one person's work kept both as the app's
//! local copy and in a replica ([`work`]). Pure: the shells bring HTTP.

pub mod project;
pub mod replicate;
pub mod revs;
pub mod status;
pub mod work;
