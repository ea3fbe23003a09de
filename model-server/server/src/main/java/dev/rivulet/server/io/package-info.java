/** Durable files: atomic directory publication with fsync, and named float-array files. */
package dev.rivulet.server.io;
