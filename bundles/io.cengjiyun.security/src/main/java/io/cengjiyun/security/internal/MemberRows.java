/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import io.cengjiyun.api.security.Membership;
import io.cengjiyun.api.security.Role;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The members table: who belongs to which service, with which role. */
final class MemberRows {
    private MemberRows() {}

    static List<Member> ofService(Connection c, String service) throws SQLException {
        List<Member> members = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT username, member_role, terminal FROM members" + " WHERE service = ? ORDER BY username")) {
            s.setString(1, service);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    members.add(new Member(rows.getString(1), Role.of(rows.getString(2)), rows.getBoolean(3)));
                }
            }
        }
        return members;
    }

    /** The user's memberships by service name, in name order. */
    static Map<String, Membership> ofUser(Connection c, String user) throws SQLException {
        Map<String, Membership> memberships = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT service, member_role, terminal FROM members" + " WHERE username = ? ORDER BY service")) {
            s.setString(1, user);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    memberships.put(
                            rows.getString(1), new Membership(user, Role.of(rows.getString(2)), rows.getBoolean(3)));
                }
            }
        }
        return memberships;
    }

    static void replace(Connection c, String service, List<Member> members) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM members WHERE service = ?")) {
            delete.setString(1, service);
            delete.executeUpdate();
        }
        for (Member member : members) {
            insertOne(c, service, member);
        }
    }

    static void upsert(Connection c, String service, Member member) throws SQLException {
        remove(c, service, member.user());
        insertOne(c, service, member);
    }

    private static void insertOne(Connection c, String service, Member member) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO members (service, username, member_role," + " terminal) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, service);
            insert.setString(2, member.user());
            insert.setString(3, member.role().id());
            insert.setBoolean(4, member.terminalOrFalse());
            insert.executeUpdate();
        }
    }

    static boolean remove(Connection c, String service, String user) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM members WHERE service = ? AND username = ?")) {
            s.setString(1, service);
            s.setString(2, user);
            return s.executeUpdate() == 1;
        }
    }
}
