package org.markauth.access;

/**
 * The roles of the programme. A regulator (the programme office) administers the registry and sees
 * everything; a manufacturer acts only on its own licensee's data; an officer reads everything and
 * records inspections.
 */
public enum Role {
    REGULATOR,
    MANUFACTURER,
    OFFICER
}
