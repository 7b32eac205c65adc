// The functions of this module are inline in its header; SwiftPM needs one source file.
#include "CPodiumSupport.h"
