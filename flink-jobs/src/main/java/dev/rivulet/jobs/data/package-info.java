/** Start-time checks of the user's prompt files and the evaluation set drawn from them. */
package dev.rivulet.jobs.data;
