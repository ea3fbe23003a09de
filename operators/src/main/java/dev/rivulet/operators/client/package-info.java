/** How operators reach the model server: a serialisable endpoint that opens a PolicyClient. */
package dev.rivulet.operators.client;
