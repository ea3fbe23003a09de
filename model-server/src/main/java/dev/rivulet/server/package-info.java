package dev.rivulet.server;
