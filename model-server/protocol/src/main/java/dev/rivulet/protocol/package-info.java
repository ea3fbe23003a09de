package dev.rivulet.protocol;
