package io.weft.scheduler.api;

/**
 * What an accepted DAG survives right now, said plainly. The grid keeps records in memory with one synchronous
 * backup on another member, so a DAG outlives the loss of one node only while there is another member to hold the
 * backup; a lone node holds everything in its own memory until persistence to a database lands.
 */
public record Durability(int gridMembers, boolean survivesLossOfOneNode, String statement)
{
    public static Durability ofMembers(final int gridMembers)
    {
        return gridMembers > 1
            ? new Durability(gridMembers, true,
                "records are held in memory by " + gridMembers + " grid members with one synchronous backup: an accepted "
                    + "DAG survives the loss of any one node, not of the whole cluster (no persistence yet)")
            : new Durability(gridMembers, false,
                "a lone grid member: accepted DAGs live only in this process's memory and are lost if it stops or "
                    + "crashes (add members for a backup; persistence to a database is not built yet)");
    }
}
