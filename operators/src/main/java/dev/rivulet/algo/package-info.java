package dev.rivulet.algo;
